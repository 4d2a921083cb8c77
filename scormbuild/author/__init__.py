"""Authoring aids: JSON Schemas for editors, the `new` scaffold and the `preview` server."""
