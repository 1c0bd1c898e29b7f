// Tests of the Plotting module live in the files beside this one.
