"""Pyve: a Copier template for complete, working repositories, and its helper CLI."""

__version__ = "0.1.0"
