//! Image archives: reading (`docker load`) and writing (`docker save`).

pub mod load;
pub mod save;

mod layer_walk;
mod load_job;
mod record;
pub use load_job::LoadJob;
pub use save::SaveJob;
