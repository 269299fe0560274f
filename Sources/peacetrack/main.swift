print("peacetrack")
