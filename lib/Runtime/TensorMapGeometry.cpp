//===- TensorMapGeometry.cpp - a memref for cuTensorMapEncodeTiled --------===//

#include "TensorMapGeometry.h"
#include "MemRefDescriptor.h"

namespace microscale::runtime {

int tensorMapElementBits(int64_t dataType) {
  // CUtensorMapDataType in enum order: UINT8, UINT16, UINT32, INT32, UINT64,
  // INT64, FLOAT16, FLOAT32, FLOAT64, BFLOAT16, FLOAT32_FTZ, TFLOAT32,
  // TFLOAT32_FTZ, 16U4_ALIGN8B, 16U4_ALIGN16B, 16U6_ALIGN16B.
  static constexpr int kBits[] = {8,  16, 32, 32, 64, 64, 16, 32,
                                  64, 16, 32, 32, 32, 4,  4,  6};
  if (dataType < 0 || dataType >= int64_t(sizeof(kBits) / sizeof(int)))
    return 0;
  return kBits[dataType];
}

std::string computeTensorMapGeometry(int64_t rank, const void *descriptor,
                                     int64_t dataType, const int64_t *boxDims,
                                     TensorMapGeometry &geometry) {
  if (rank < 1 || rank > 5)
    return "rank " + std::to_string(rank) + " is outside 1..5";
  int bits = tensorMapElementBits(dataType);
  if (bits == 0)
    return "unknown data type " + std::to_string(dataType);
  if (!descriptor || !boxDims)
    return "null memref descriptor or box";
  MemRefDescriptorView memref(rank, descriptor);
  // The driver's innermost dimension is contiguous by definition.
  if (memref.stride(rank - 1) != 1)
    return "the innermost stride is " +
           std::to_string(memref.stride(rank - 1)) +
           ", TMA needs a contiguous innermost dimension";
  // Element counts to bytes, which must come out whole for packed types.
  auto toBytes = [bits](int64_t elements, uint64_t &bytes) {
    if (elements < 0 || (elements * bits) % 8 != 0)
      return false;
    bytes = static_cast<uint64_t>(elements * bits / 8);
    return true;
  };

  geometry.rank = static_cast<uint32_t>(rank);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t outer = rank - 1 - d;
    if (memref.size(outer) < 1 || boxDims[outer] < 1)
      return "empty extent or box in dimension " + std::to_string(outer);
    geometry.globalDim[d] = static_cast<uint64_t>(memref.size(outer));
    geometry.boxDim[d] = static_cast<uint32_t>(boxDims[outer]);
  }
  for (int64_t d = 1; d < rank; ++d)
    if (!toBytes(memref.stride(rank - 1 - d), geometry.globalStrides[d - 1]))
      return "the stride of dimension " + std::to_string(rank - 1 - d) +
             " is not a whole number of bytes";
  uint64_t offsetBytes = 0;
  if (!toBytes(memref.offset(), offsetBytes))
    return "the offset is not a whole number of bytes";
  geometry.globalAddress = memref.alignedData() + offsetBytes;
  return "";
}

} // namespace microscale::runtime
