"""The walkthrough pipeline: recordings and transcripts become draft documents, in small stages."""
