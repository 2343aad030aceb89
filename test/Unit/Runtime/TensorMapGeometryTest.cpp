//===- TensorMapGeometryTest.cpp - memrefs in cuTensorMapEncodeTiled terms ===//

#include "TensorMapGeometry.h"

#include <gtest/gtest.h>

#include <cstdint>

using namespace microscale::runtime;

namespace {
// The LLVM lowering of a rank-3 memref.
struct Descriptor3D {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[3];
  int64_t strides[3];
};
struct Descriptor2D {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
};
constexpr int64_t kFloat16 = 6;     // CU_TENSOR_MAP_DATA_TYPE_FLOAT16
constexpr int64_t kPacked4Bit = 14; // CU_TENSOR_MAP_DATA_TYPE_16U4_ALIGN16B
} // namespace

TEST(TensorMapGeometryTest, ElementBits) {
  EXPECT_EQ(tensorMapElementBits(0), 8);  // UINT8
  EXPECT_EQ(tensorMapElementBits(6), 16); // FLOAT16
  EXPECT_EQ(tensorMapElementBits(8), 64); // FLOAT64
  EXPECT_EQ(tensorMapElementBits(9), 16); // BFLOAT16
  EXPECT_EQ(tensorMapElementBits(13), 4); // 16U4_ALIGN8B
  EXPECT_EQ(tensorMapElementBits(15), 6); // 16U6_ALIGN16B
  EXPECT_EQ(tensorMapElementBits(16), 0);
  EXPECT_EQ(tensorMapElementBits(-1), 0);
}

TEST(TensorMapGeometryTest, ReversesDimensionsAndStridesInBytes) {
  // memref<4x6x8xf16, strided<[48, 8, 1], offset: 8>>, box 2x3x8.
  alignas(16) static char storage[4096];
  Descriptor3D d = {storage, storage, 8, {4, 6, 8}, {48, 8, 1}};
  int64_t box[3] = {2, 3, 8};
  TensorMapGeometry g;
  ASSERT_EQ(computeTensorMapGeometry(3, &d, kFloat16, box, g), "");
  EXPECT_EQ(g.rank, 3u);
  EXPECT_EQ(g.globalDim[0], 8u);
  EXPECT_EQ(g.globalDim[1], 6u);
  EXPECT_EQ(g.globalDim[2], 4u);
  EXPECT_EQ(g.globalStrides[0], 16u); // 8 elements of 2 bytes
  EXPECT_EQ(g.globalStrides[1], 96u); // 48 elements of 2 bytes
  EXPECT_EQ(g.boxDim[0], 8u);
  EXPECT_EQ(g.boxDim[1], 3u);
  EXPECT_EQ(g.boxDim[2], 2u);
  EXPECT_EQ(g.globalAddress, storage + 16); // offset 8 x 2 bytes
}

TEST(TensorMapGeometryTest, PackedFourBitRows) {
  // 16 rows of 64 fp4 values: 32 bytes per row.
  alignas(16) static char storage[1024];
  Descriptor2D d = {storage, storage, 128, {16, 64}, {64, 1}};
  int64_t box[2] = {8, 64};
  TensorMapGeometry g;
  ASSERT_EQ(computeTensorMapGeometry(2, &d, kPacked4Bit, box, g), "");
  EXPECT_EQ(g.globalStrides[0], 32u);
  EXPECT_EQ(g.globalAddress, storage + 64); // 128 elements of half a byte
}

TEST(TensorMapGeometryTest, RejectsWhatTmaCannotDescribe) {
  alignas(16) static char storage[1024];
  int64_t box[2] = {1, 1};
  TensorMapGeometry g;
  Descriptor2D halfByteStride = {storage, storage, 0, {4, 63}, {63, 1}};
  EXPECT_NE(computeTensorMapGeometry(2, &halfByteStride, kPacked4Bit, box, g)
                .find("stride of dimension 0"),
            std::string::npos);
  Descriptor2D halfByteOffset = {storage, storage, 3, {4, 64}, {64, 1}};
  EXPECT_NE(computeTensorMapGeometry(2, &halfByteOffset, kPacked4Bit, box, g)
                .find("offset"),
            std::string::npos);
  Descriptor2D columnView = {storage, storage, 0, {4, 4}, {1, 4}};
  EXPECT_NE(computeTensorMapGeometry(2, &columnView, kFloat16, box, g)
                .find("innermost stride is 4"),
            std::string::npos);
  Descriptor2D empty = {storage, storage, 0, {0, 4}, {4, 1}};
  EXPECT_NE(
      computeTensorMapGeometry(2, &empty, kFloat16, box, g).find("dimension 0"),
      std::string::npos);
  EXPECT_NE(
      computeTensorMapGeometry(6, &empty, kFloat16, box, g).find("rank 6"),
      std::string::npos);
  EXPECT_NE(
      computeTensorMapGeometry(2, &empty, 16, box, g).find("data type 16"),
      std::string::npos);
}
