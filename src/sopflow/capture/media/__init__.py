"""Audio and video walkthroughs: decoding with PyAV, offline transcription, screenshots."""
