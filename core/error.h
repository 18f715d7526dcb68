// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace lada {

/** Base of every exception core throws; the message names the file or value and what was expected. */
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** Unusable input data: a missing folder, an unreadable manifest, a truncated idx/CIFAR file. */
class DataError : public Error {
public:
    using Error::Error;
};

/** An invalid setting: an unknown strategy name, a budget larger than the pool, a bad mixing layer. */
class ConfigError : public Error {
public:
    using Error::Error;
};

/** Thrown from long work when the caller's cancel flag was set; the state stays consistent. */
class Cancelled : public Error {
public:
    Cancelled()
        : Error("cancelled")
    {
    }
};

}  // namespace lada
