//! The `xxgk` command.
fn main() {}
