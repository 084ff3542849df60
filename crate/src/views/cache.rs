//! The indexed layers of the images the views were last asked about, so that expanding
//! one directory after another does not decompress and index every layer each time.
//! An image ID is the hash of a config that names every layer by the hash of its
//! contents, so what is cached for an ID can never go stale; the cache only bounds how
//! much it keeps (a few images, a few merged views of each).

use super::ViewError;
use crate::digest::Digest;
use crate::fs::diff::{self, Change};
use crate::fs::efficiency::{self, Analysis};
use crate::fs::{LayerIndex, Union};
use crate::image::Image;
use crate::store::Store;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

/// Images kept.
const IMAGES: usize = 2;
/// Merged views kept per image (one per number of layers asked for).
const UNIONS: usize = 6;

/// One image's layers and what is derived from them, computed when first asked for.
pub(crate) struct ImageFs {
    pub layers: Vec<Arc<LayerIndex>>,
    changes: OnceCell<Vec<Vec<Change>>>,
    analysis: OnceCell<Analysis>,
    /// Merged views of the first `n` layers, most recently used last.
    unions: RefCell<Vec<(usize, Arc<Union>)>>,
}

impl ImageFs {
    fn new(layers: Vec<Arc<LayerIndex>>) -> ImageFs {
        ImageFs {
            layers,
            changes: OnceCell::new(),
            analysis: OnceCell::new(),
            unions: RefCell::new(Vec::new()),
        }
    }

    /// The merged view of layers `0..count` (all of them when `count` is larger).
    pub fn union(&self, count: usize) -> Arc<Union> {
        let count = count.min(self.layers.len());
        let mut unions = self.unions.borrow_mut();
        if let Some(i) = unions.iter().position(|(n, _)| *n == count) {
            let hit = unions.remove(i);
            let u = hit.1.clone();
            unions.push(hit);
            return u;
        }
        let u = Arc::new(Union::build(self.layers.iter().take(count).cloned()));
        if unions.len() >= UNIONS {
            unions.remove(0);
        }
        unions.push((count, u.clone()));
        u
    }

    /// What each layer changed (fs::diff), bottom first.
    pub fn changes(&self) -> &[Vec<Change>] {
        self.changes
            .get_or_init(|| diff::image_changes(&self.layers))
    }

    /// dive's analysis of the image.
    pub fn analysis(&self) -> &Analysis {
        self.analysis
            .get_or_init(|| efficiency::analyze(&self.layers))
    }
}

thread_local! {
    static CACHE: RefCell<Vec<(Digest, Rc<ImageFs>)>> = const { RefCell::new(Vec::new()) };
}

/// The layers of a stored image, indexed (from the cache when they were already).
pub(crate) fn image_fs(store: &Store, img: &Image) -> Result<Rc<ImageFs>, ViewError> {
    if let Some(hit) = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let i = c.iter().position(|(id, _)| *id == img.id)?;
        let hit = c.remove(i);
        let fs = hit.1.clone();
        c.push(hit);
        Some(fs)
    }) {
        return Ok(hit);
    }
    let layers = crate::fs::image_layers(store, img).map_err(ViewError::Image)?;
    let fs = Rc::new(ImageFs::new(layers));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= IMAGES {
            c.remove(0);
        }
        c.push((img.id, fs.clone()));
    });
    Ok(fs)
}
