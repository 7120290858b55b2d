//! Check HDF5 files with the default limits and print the report or the reason for refusal:
//! `cargo run -p atmokit-hdf5 --example check -- FILE...`

fn main() {
    let mut refused = false;
    for arg in std::env::args_os().skip(1) {
        let path = std::path::PathBuf::from(arg);
        match atmokit_hdf5::check_file(&path, &atmokit_hdf5::Limits::default()) {
            Ok(r) => println!("{}: ok {r:?}", path.display()),
            Err(e) => {
                refused = true;
                println!("{e}");
            }
        }
    }
    std::process::exit(i32::from(refused));
}
