//! End-to-end parse throughput.
fn main() {}
