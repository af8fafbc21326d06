//! Synthetic report generator (feature `testkit`). Under construction.
