"""Static files storage for production: hashed names, compressed, module imports rewritten."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage that also rewrites ES module imports to hashed names.

    ``app.js`` imports ``govuk/govuk-frontend.min.js``; without the rewrite the browser would
    fetch the unhashed copy, which is not cached long-term.
    """

    support_js_module_import_aggregation = True
