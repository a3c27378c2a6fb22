// The outcome of an S3 operation: its typed value, or the S3Error that ended it.
// Callers must check ok() before value(); error() explains a failure in one line via describe().
#pragma once

#include <utility>
#include <variant>

#include "net/s3_types.h"

namespace s3copy::net {

// Value of operations that return nothing but success.
struct Done {};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(S3Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const S3Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, S3Error> state_;
};

}  // namespace s3copy::net
