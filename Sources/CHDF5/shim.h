#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H
#include <hdf5.h>
/* H5T_NATIVE_FLOAT, H5P_DATASET_CREATE, H5F_ACC_TRUNC, ... are macros over globals that Swift 6
   cannot read safely (and that are -1 before H5open()). These accessors evaluate them in C. */
static inline hid_t    ch5_native_float(void)     { return H5T_NATIVE_FLOAT; }
static inline hid_t    ch5_native_double(void)    { return H5T_NATIVE_DOUBLE; }
static inline hid_t    ch5_native_int32(void)     { return H5T_NATIVE_INT32; }
static inline hid_t    ch5_native_int64(void)     { return H5T_NATIVE_INT64; }
static inline hid_t    ch5_native_uint8(void)     { return H5T_NATIVE_UINT8; }
static inline hid_t    ch5_c_s1(void)             { return H5T_C_S1; }
static inline hid_t    ch5_ieee_f32le(void)       { return H5T_IEEE_F32LE; }
static inline hid_t    ch5_ieee_f64le(void)       { return H5T_IEEE_F64LE; }
static inline hid_t    ch5_std_i32le(void)        { return H5T_STD_I32LE; }
static inline hid_t    ch5_std_i64le(void)        { return H5T_STD_I64LE; }
static inline hid_t    ch5_std_u8le(void)         { return H5T_STD_U8LE; }
static inline hid_t    ch5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t    ch5_p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline hid_t    ch5_p_file_access(void)    { return H5P_FILE_ACCESS; }
static inline hid_t    ch5_p_file_create(void)    { return H5P_FILE_CREATE; }
static inline hid_t    ch5_p_group_create(void)   { return H5P_GROUP_CREATE; }
static inline hid_t    ch5_p_link_create(void)    { return H5P_LINK_CREATE; }
static inline unsigned ch5_f_acc_trunc(void)      { return H5F_ACC_TRUNC; }
static inline unsigned ch5_f_acc_excl(void)       { return H5F_ACC_EXCL; }
static inline unsigned ch5_f_acc_rdonly(void)     { return H5F_ACC_RDONLY; }
static inline unsigned ch5_f_acc_rdwr(void)       { return H5F_ACC_RDWR; }
static inline hsize_t  ch5_s_unlimited(void)      { return H5S_UNLIMITED; }
static inline size_t   ch5_variable(void)         { return H5T_VARIABLE; }
/* H5Eset_auto is a version macro; this stops HDF5 printing its error stack to stderr. */
static inline herr_t   ch5_silence_errors(void)   { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hbool_t  ch5_is_threadsafe(void) { hbool_t t = 0; H5is_library_threadsafe(&t); return t; }
#endif
