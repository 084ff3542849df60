//! Tar streams as Docker reads them: an index of an in-memory tar ([`index`]), the rules
//! moby's extraction applies to every tar ([`rules`]) and the size Docker reports for a
//! layer tar ([`DiffSize`]). Knows nothing of images or stores.

mod diffsize;
pub mod index;
pub mod rules;

pub use diffsize::DiffSize;
