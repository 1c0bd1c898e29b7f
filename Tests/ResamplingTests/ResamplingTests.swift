// Tests of the Resampling module live in the files beside this one.
