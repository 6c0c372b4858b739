print("voice-sim: not yet built")
