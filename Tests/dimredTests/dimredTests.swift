// End-to-end tests of the dimred binary live in the files beside this one.
