// Tests of the Autodiff module live in the files beside this one.
