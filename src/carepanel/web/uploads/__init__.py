"""Uploading returns and local files, and the jobs the background worker runs for them."""
