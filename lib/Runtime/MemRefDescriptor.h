//===- MemRefDescriptor.h - reading a ranked memref descriptor --*- C++ -*-===//
//
// The LLVM lowering of a ranked memref of rank R is the struct
//   { T *allocated; T *aligned; int64_t offset; int64_t sizes[R];
//     int64_t strides[R] }
// and an unranked memref carries (rank, pointer to that struct). Read it as
// words so that any rank works without a template per rank.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_MEMREFDESCRIPTOR_H
#define MICROSCALE_LIB_RUNTIME_MEMREFDESCRIPTOR_H

#include <cstdint>

namespace microscale::runtime {

class MemRefDescriptorView {
public:
  MemRefDescriptorView(int64_t rank, const void *descriptor)
      : rank(rank), words(static_cast<const int64_t *>(descriptor)) {}

  int64_t getRank() const { return rank; }
  char *alignedData() const {
    return reinterpret_cast<char *const *>(words)[1];
  }
  /// In elements.
  int64_t offset() const { return words[2]; }
  /// The first element, offset applied, for elements of `elementBytes`.
  char *firstElement(int64_t elementBytes) const {
    return alignedData() + offset() * elementBytes;
  }
  int64_t size(int64_t dim) const { return words[3 + dim]; }
  int64_t stride(int64_t dim) const { return words[3 + rank + dim]; }

  /// Whether the strides are the row-major strides of the sizes (dimensions
  /// of size 1 may have any stride).
  bool isDense() const {
    int64_t expected = 1;
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (size(dim) != 1 && stride(dim) != expected)
        return false;
      expected *= size(dim);
    }
    return true;
  }
  int64_t numElements() const {
    int64_t count = 1;
    for (int64_t dim = 0; dim < rank; ++dim)
      count *= size(dim);
    return count;
  }

private:
  int64_t rank;
  const int64_t *words;
};

} // namespace microscale::runtime

#endif // MICROSCALE_LIB_RUNTIME_MEMREFDESCRIPTOR_H
