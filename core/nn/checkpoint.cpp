// SPDX-License-Identifier: MIT
#include "core/nn/checkpoint.h"

#include "core/error.h"

#include <torch/serialize.h>

#include <filesystem>

namespace lada {

void saveCheckpoint(ClassifierImpl& model, const std::string& path)
{
    const std::string tmp = path + ".tmp";
    try {
        torch::serialize::OutputArchive archive;
        model.save(archive);
        archive.save_to(tmp);
    } catch (const c10::Error& e) {
        throw Error("cannot write the checkpoint \"" + tmp + "\": " + e.what_without_backtrace());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        throw Error("cannot rename \"" + tmp + "\" to \"" + path + "\": " + ec.message());
}

void loadCheckpoint(ClassifierImpl& model, const std::string& path)
{
    if (!std::filesystem::is_regular_file(path))
        throw DataError("\"" + path + "\": no model checkpoint there");
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        model.load(archive);
    } catch (const c10::Error& e) {
        throw DataError("\"" + path + "\": not a checkpoint of this model (" + e.what_without_backtrace() + ")");
    }
}

}  // namespace lada
