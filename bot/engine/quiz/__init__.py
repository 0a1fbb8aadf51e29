"""Quiz rules: answer checking, scheduling and streaks. Pure: time comes in as arguments."""
