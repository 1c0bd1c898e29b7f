// Tests of the DataIO module live in the files beside this one.
