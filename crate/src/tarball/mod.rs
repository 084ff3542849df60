//! Tar streams as Docker reads them: an index of an in-memory tar ([`index`]) and the
//! size Docker reports for a layer tar ([`DiffSize`]). Knows nothing of images or stores.

mod diffsize;
pub mod index;

pub use diffsize::DiffSize;
