"""Renderings of the report view: terminal text, JSON and one self-contained HTML page."""
