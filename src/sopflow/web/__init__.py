"""The web face: a JSON API under /api/v1 and server-rendered pages, on `sopflow.services`."""
