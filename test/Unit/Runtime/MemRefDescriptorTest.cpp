//===- MemRefDescriptorTest.cpp - reading ranked memref descriptors -------===//

#include "MemRefDescriptor.h"

#include <gtest/gtest.h>

#include <cstdint>

using namespace microscale::runtime;

namespace {
// The LLVM lowering of memref<RxCxf32> (rank 2).
struct Descriptor2D {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
};
} // namespace

TEST(MemRefDescriptorTest, ReadsSizesStridesAndOffset) {
  float storage[64] = {};
  Descriptor2D d = {storage, storage + 4, 3, {5, 6}, {6, 1}};
  MemRefDescriptorView view(2, &d);
  EXPECT_EQ(view.size(0), 5);
  EXPECT_EQ(view.size(1), 6);
  EXPECT_EQ(view.stride(0), 6);
  EXPECT_EQ(view.stride(1), 1);
  EXPECT_EQ(view.offset(), 3);
  EXPECT_EQ(view.numElements(), 30);
  // aligned + offset, in elements of 4 bytes: storage + 4 + 3.
  EXPECT_EQ(view.firstElement(4), reinterpret_cast<char *>(storage + 7));
  EXPECT_TRUE(view.isDense());
}

TEST(MemRefDescriptorTest, StridedRowsAreNotDense) {
  float storage[64] = {};
  // memref<5x6xf32, strided<[8, 1]>>: rows padded to 8.
  Descriptor2D d = {storage, storage, 0, {5, 6}, {8, 1}};
  EXPECT_FALSE(MemRefDescriptorView(2, &d).isDense());
  // A transposed view is not dense either.
  Descriptor2D t = {storage, storage, 0, {6, 5}, {1, 6}};
  EXPECT_FALSE(MemRefDescriptorView(2, &t).isDense());
}

TEST(MemRefDescriptorTest, UnitDimensionsMayHaveAnyStride) {
  float storage[8] = {};
  Descriptor2D d = {storage, storage, 0, {1, 8}, {123, 1}};
  EXPECT_TRUE(MemRefDescriptorView(2, &d).isDense());
}
