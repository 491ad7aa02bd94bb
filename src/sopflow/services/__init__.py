"""The application layer: one keyword-only function per use case, for both faces.

Each function takes the open `Library` and the `Actor` asking, checks the actor's
permission, speaks in model types and raises the project's own errors
(`sopflow.errors`). The CLI and the web app only parse input and present results.
"""
