"""Views of a document: Markdown, HTML, PDF, DOCX, SVG, Mermaid and BPMN, through one registry."""
