#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| layerlab_fuzz::dockerfile(data));
