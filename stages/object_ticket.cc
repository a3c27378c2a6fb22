// An admitted object's claim on the ledger: it travels with the object and its outcome consumes
// it, so every admitted object ends in one outcome, and a claim destroyed unconsumed fails it.
#include "stages/object_ticket.h"

#include <cassert>
#include <utility>

#include "stages/ledger.h"

namespace s3copy::stages {

namespace {
constexpr char kDropped[] = "internal: dropped";
}  // namespace

ObjectTicket::ObjectTicket(Ledger& ledger, std::string source_bucket, std::string source_key)
    : ledger_(&ledger),
      source_bucket_(std::move(source_bucket)),
      source_key_(std::move(source_key)) {}

ObjectTicket::ObjectTicket(ObjectTicket&& other) noexcept
    : ledger_(std::exchange(other.ledger_, nullptr)),
      source_bucket_(std::move(other.source_bucket_)),
      source_key_(std::move(other.source_key_)) {}

ObjectTicket& ObjectTicket::operator=(ObjectTicket&& other) noexcept {
  if (this != &other) {
    drop();
    ledger_ = std::exchange(other.ledger_, nullptr);
    source_bucket_ = std::move(other.source_bucket_);
    source_key_ = std::move(other.source_key_);
  }
  return *this;
}

ObjectTicket::~ObjectTicket() {
  drop();
}

Ledger* ObjectTicket::release() {
  return std::exchange(ledger_, nullptr);
}

void ObjectTicket::drop() {
  if (!held()) return;
  plan::Action lost;
  lost.source_bucket = std::move(source_bucket_);
  lost.source.key = std::move(source_key_);
  Ledger& ledger = *ledger_;
  ledger.record_failed(std::move(*this), lost, kDropped);
  assert(!"an admitted object's ticket was dropped without an outcome (internal: dropped)");
}

}  // namespace s3copy::stages
