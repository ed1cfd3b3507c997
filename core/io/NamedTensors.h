#pragma once

#include <ATen/ATen.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pointq {

/// Tensors by name in insertion order, as in a PyTorch state dict or an npz archive.
class NamedTensors {
public:
    using Item = std::pair<std::string, at::Tensor>;

    /// Adds a tensor at the end, or replaces the tensor of an existing name in place.
    void insert(const std::string& name, at::Tensor tensor)
    {
        const auto found = m_index.find(name);
        if (found != m_index.end()) {
            m_items[found->second].second = std::move(tensor);
            return;
        }
        m_index.emplace(name, m_items.size());
        m_items.emplace_back(name, std::move(tensor));
    }

    bool contains(const std::string& name) const { return m_index.count(name) != 0; }

    /// The tensor of a name, or nullptr when absent.
    const at::Tensor* find(const std::string& name) const
    {
        const auto found = m_index.find(name);
        return found == m_index.end() ? nullptr : &m_items[found->second].second;
    }

    /// The tensor of a name. Throws std::out_of_range naming it when absent.
    const at::Tensor& at(const std::string& name) const
    {
        const at::Tensor* tensor = find(name);
        if (tensor == nullptr)
            throw std::out_of_range("no tensor named '" + name + "'");
        return *tensor;
    }

    std::vector<std::string> names() const
    {
        std::vector<std::string> result;
        result.reserve(m_items.size());
        for (const Item& item : m_items)
            result.push_back(item.first);
        return result;
    }

    size_t size() const noexcept { return m_items.size(); }
    bool empty() const noexcept { return m_items.empty(); }
    std::vector<Item>::const_iterator begin() const noexcept { return m_items.begin(); }
    std::vector<Item>::const_iterator end() const noexcept { return m_items.end(); }

private:
    std::vector<Item> m_items;
    std::unordered_map<std::string, size_t> m_index;
};

} // namespace pointq
