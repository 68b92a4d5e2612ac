"""Indicators: one SQL file and its metadata per indicator, computed for any period."""
