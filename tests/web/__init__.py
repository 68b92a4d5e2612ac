"""Tests of the web app (Django); see conftest.py for the database they use."""
