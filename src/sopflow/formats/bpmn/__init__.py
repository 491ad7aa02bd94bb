"""BPMN 2.0 interchange: export a document as a laid-out process, import models drawn elsewhere."""
