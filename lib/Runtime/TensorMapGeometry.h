//===- TensorMapGeometry.h - a memref for cuTensorMapEncodeTiled -*- C++ -*-=//
//
// The driver wants the extents and the box innermost first and the strides
// of the outer dimensions in bytes; a memref gives them outermost first, in
// elements. Kept apart from the driver call so that unit tests check it.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_TENSORMAPGEOMETRY_H
#define MICROSCALE_LIB_RUNTIME_TENSORMAPGEOMETRY_H

#include <cstdint>
#include <string>

namespace microscale::runtime {

/// Bits per element of a CUtensorMapDataType value, 0 for an unknown one.
/// The packed 4- and 6-bit types of sm_100 (13, 14, 15) are included.
int tensorMapElementBits(int64_t dataType);

struct TensorMapGeometry {
  uint32_t rank = 0;
  char *globalAddress = nullptr;
  uint64_t globalDim[5] = {};
  /// Bytes between consecutive indices of dimensions 1..rank-1 (innermost
  /// first; dimension 0 is contiguous).
  uint64_t globalStrides[4] = {};
  uint32_t boxDim[5] = {};
};

/// Describes the ranked memref `descriptor` of `rank` dimensions and the box
/// `boxDims` (outermost first). Returns an empty string on success, else why
/// the memref cannot be a TMA tensor.
std::string computeTensorMapGeometry(int64_t rank, const void *descriptor,
                                     int64_t dataType, const int64_t *boxDims,
                                     TensorMapGeometry &geometry);

} // namespace microscale::runtime

#endif // MICROSCALE_LIB_RUNTIME_TENSORMAPGEOMETRY_H
