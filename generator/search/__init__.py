"""Prongsai site search: build-time index for the Thai search (see docs/search.md)."""
