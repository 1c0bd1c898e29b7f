// Tests of the Neighbors module live in the files beside this one.
