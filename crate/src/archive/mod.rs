//! Image archives: reading (`docker load`) and writing (`docker save`).

pub mod load;
pub mod save;
pub mod tarindex;

mod diffsize;
pub use diffsize::DiffSize;

mod load_job;
pub use load_job::{LoadJob, MAX_ARCHIVE};
pub use save::SaveJob;
