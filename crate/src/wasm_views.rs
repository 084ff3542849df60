//! WebAssembly bindings of the view models ([`crate::views`]): each method converts its
//! arguments, calls the view, and hands its value to JavaScript as plain objects and
//! arrays ([`to_js`]), or its bytes as a `Uint8Array`; an error becomes a `JsError` whose
//! message is the view's one-line text ([`js_err`]).

use crate::views::{self, ViewResult};
use crate::wasm::{js_err, to_js, Layerlab};
use wasm_bindgen::prelude::*;

fn js(result: ViewResult) -> Result<JsValue, JsError> {
    to_js(&result.map_err(js_err)?)
}

/// A layer count from JavaScript: negative (or NaN) means every layer.
fn up_to(n: f64) -> Option<usize> {
    (n >= 0.0).then_some(n as usize)
}

/// A layer index from JavaScript; a negative one (or NaN) is no layer.
fn index(n: f64) -> Result<usize, JsError> {
    if n >= 0.0 {
        Ok(n as usize)
    } else {
        Err(js_err(format!("Error: no layer {n}")))
    }
}

#[wasm_bindgen]
impl Layerlab {
    /// `docker images`, one row per image.
    pub fn images(&self) -> Result<JsValue, JsError> {
        to_js(&views::images(&self.session))
    }

    /// `docker ps -a`.
    pub fn containers(&self) -> Result<JsValue, JsError> {
        to_js(&views::containers(&self.session))
    }

    /// An image's layers, history and dive numbers.
    pub fn image(&self, image: &str) -> Result<JsValue, JsError> {
        js(views::image_overview(&self.session, image))
    }

    /// An image's index, manifests, config and layers as a tree.
    pub fn structure(&self, image: &str) -> Result<JsValue, JsError> {
        js(views::image_structure(&self.session, image))
    }

    /// What layer `index` added, modified and deleted.
    pub fn layer_changes(&self, image: &str, index: f64) -> Result<JsValue, JsError> {
        js(views::layer_changes(
            &self.session,
            image,
            self::index(index)?,
        ))
    }

    /// A window of what layer `index` changed (see [`views::layer_changes_page`]): the
    /// paths containing `filter`, sorted by `order` (`name` or `size`), `limit` of them
    /// from `offset`.
    pub fn layer_changes_page(
        &self,
        image: &str,
        index: f64,
        filter: &str,
        order: &str,
        offset: f64,
        limit: f64,
    ) -> Result<JsValue, JsError> {
        js(views::layer_changes_page(
            &self.session,
            image,
            self::index(index)?,
            filter,
            views::ListOrder::parse(order),
            offset.max(0.0) as usize,
            limit.max(0.0) as usize,
        ))
    }

    /// The children of `dir` in the merged view of layers `0..=up_to` (negative: all).
    pub fn tree(&self, image: &str, up_to: f64, dir: &str) -> Result<JsValue, JsError> {
        js(views::tree(&self.session, image, self::up_to(up_to), dir))
    }

    /// A window of the children of `dir` (see [`views::tree_page`]): sorted by `order`
    /// (`name` or `size`), `limit` of them from `offset`, and the index of each child
    /// named in `open` (an array of names).
    #[allow(clippy::too_many_arguments)]
    pub fn tree_page(
        &self,
        image: &str,
        up_to: f64,
        dir: &str,
        order: &str,
        offset: f64,
        limit: f64,
        open: Vec<String>,
    ) -> Result<JsValue, JsError> {
        js(views::tree_page(
            &self.session,
            image,
            self::up_to(up_to),
            dir,
            views::ListOrder::parse(order),
            offset.max(0.0) as usize,
            limit.max(0.0) as usize,
            &open,
        ))
    }

    /// Paths whose name contains `pattern`, at most `limit` (negative: none).
    pub fn find(
        &self,
        image: &str,
        up_to: f64,
        pattern: &str,
        limit: f64,
    ) -> Result<JsValue, JsError> {
        let up_to = self::up_to(up_to);
        js(views::find(
            &self.session,
            image,
            up_to,
            pattern,
            limit as usize,
        ))
    }

    /// The bytes of a file in the merged view of layers `0..=up_to` (negative: all).
    pub fn read_file(&self, image: &str, up_to: f64, path: &str) -> Result<Vec<u8>, JsError> {
        views::read_file(&self.session, image, self::up_to(up_to), path)
            .map(|f| f.data.to_vec())
            .map_err(js_err)
    }

    /// At most `max` bytes from the start of the file `read_file` gives (the viewer's).
    pub fn read_file_head(
        &self,
        image: &str,
        up_to: f64,
        path: &str,
        max: f64,
    ) -> Result<Vec<u8>, JsError> {
        let f = views::file_blob(&self.session, image, self::up_to(up_to), path).map_err(js_err)?;
        f.data
            .read(0..max.max(0.0) as u64)
            .map(|b| b.to_vec())
            .map_err(js_err)
    }

    /// Starts a download of the file `read_file` gives, whatever its size: its pieces.
    pub fn download_path(
        &mut self,
        image: &str,
        up_to: f64,
        path: &str,
    ) -> Result<JsValue, JsError> {
        let f = views::file_blob(&self.session, image, self::up_to(up_to), path).map_err(js_err)?;
        self.begin_download(crate::page::Download::new(f.data))
    }

    /// Starts a download of layer `index`'s uncompressed tar: its pieces.
    pub fn download_layer(&mut self, image: &str, index: f64) -> Result<JsValue, JsError> {
        let tar = views::layer_blob(&self.session, image, self::index(index)?).map_err(js_err)?;
        self.begin_download(crate::page::Download::new(tar))
    }

    /// `{path, resolved, size, layer, binary}` of the file `read_file` gives.
    pub fn read_file_info(&self, image: &str, up_to: f64, path: &str) -> Result<JsValue, JsError> {
        js(views::read_file_info(
            &self.session,
            image,
            self::up_to(up_to),
            path,
        ))
    }

    /// Layer `index`'s uncompressed tar.
    pub fn layer_tar(&self, image: &str, index: f64) -> Result<Vec<u8>, JsError> {
        views::layer_tar(&self.session, image, self::index(index)?)
            .map(|b| b.to_vec())
            .map_err(js_err)
    }

    /// A container's copy-on-write layer: counts, and the first `limit` changes of the
    /// container and of each image layer below it (see [`views::cow`]).
    pub fn cow(&self, container: &str, limit: f64) -> Result<JsValue, JsError> {
        js(views::cow(
            &self.session,
            container,
            limit.max(0.0) as usize,
        ))
    }

    /// A window of a container's changes (see [`views::cow_changes_page`]): all of them,
    /// or (`lower` not negative) those image layer `lower` has below the container,
    /// `limit` of them from `offset`.
    pub fn cow_changes_page(
        &self,
        container: &str,
        lower: f64,
        offset: f64,
        limit: f64,
    ) -> Result<JsValue, JsError> {
        js(views::cow_changes_page(
            &self.session,
            container,
            up_to(lower),
            offset.max(0.0) as usize,
            limit.max(0.0) as usize,
        ))
    }

    /// Which layer answers a read of `path` in the container.
    pub fn cow_lookup(&self, container: &str, path: &str) -> Result<JsValue, JsError> {
        js(views::cow_lookup(&self.session, container, path))
    }
}
