print("reminders: not yet built")
