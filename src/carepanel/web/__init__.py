"""carepanel's web application (Django): people and roles, the strategy tracker, the
"You said, we did" log, commentary, and the audit log.

The web tier stores aggregates and text only. It never opens the DuckDB warehouse while
handling a request: figures reach it as computed results.
"""
