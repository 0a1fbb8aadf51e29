"""Pure rules: no discord, no SQL, no clock reads. Plain values in, plain results out."""
