//! libnetcdf's default chunk cache is process-wide; atmokit sets it small around each netCDF-4
//! open and restores it. Under parallel reads every open must leave it as it found it.

use atmokit_tests::data_file;

fn chunk_cache() -> (usize, usize, f32) {
    let _lock = netcdf_sys::libnetcdf_lock.lock();
    let (mut size, mut nelems, mut preemption) = (0usize, 0usize, 0f32);
    // SAFETY: reads libnetcdf's global setting into valid out-pointers, under libnetcdf's lock.
    let rc = unsafe { netcdf_sys::nc_get_chunk_cache(&mut size, &mut nelems, &mut preemption) };
    assert_eq!(rc, 0);
    (size, nelems, preemption)
}

#[test]
fn parallel_opens_restore_the_process_chunk_cache() {
    let path = data_file("sgpmetE40.b1.20190508.000000.cdf");
    let before = chunk_cache();
    // atmokit sets 1 MiB while it opens; the default must be something else for the test to see
    // a lost restore.
    assert_ne!(before.0, 1 << 20);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..40 {
                    let names = atmokit_netcdf::variable_names(&path).unwrap();
                    assert!(names.iter().any(|n| n == "temp_mean"));
                    assert_eq!(chunk_cache(), before, "an open left the chunk cache changed");
                }
            });
        }
    });
    assert_eq!(chunk_cache(), before);
}
