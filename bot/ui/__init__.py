"""Engine results rendered for Discord: embeds and views. No rules live here."""
