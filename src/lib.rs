//! xxgk facade. (Being built.)
pub use xxgk_model as model;
pub use xxgk_normalize as normalize;
pub use xxgk_segment as segment;
pub use xxgk_table as table;
