-- Pandoc filter shared by the PDF and EPUB editions.
-- * A figure's caption comes from the image title; its alt text stays the image's description
--   (pandoc would otherwise caption with the alt text, and its Typst writer drops the alt text).
-- * Admonition divs become styled boxes in Typst (in EPUB they stay divs, styled by CSS).

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function Figure(fig)
  local img = nil
  pandoc.walk_block(pandoc.Div(fig.content), { Image = function(i) img = i end })
  if img == nil then return nil end
  local alt = pandoc.utils.stringify(img.caption)
  if img.title ~= nil and img.title ~= "" then
    fig.caption = { long = { pandoc.Plain(pandoc.read(img.title, "commonmark").blocks[1].content) } }
  end
  if FORMAT == "typst" then
    local raw = 'image(' .. typst_string(img.src) .. ', alt: ' .. typst_string(alt) .. ', width: 100%)'
    local caption = pandoc.write(pandoc.Pandoc({ pandoc.Plain(fig.caption.long[1] and fig.caption.long[1].content or {}) }), "typst")
    local label = fig.identifier ~= "" and (" <" .. fig.identifier .. ">") or ""
    return pandoc.RawBlock("typst", "#figure(" .. raw .. ", caption: [" .. caption:gsub("%s+$", "") .. "])" .. label)
  end
  img.title = ""
  return fig
end

function Div(div)
  if not div.classes:includes("admonition") or FORMAT ~= "typst" then return nil end
  local kind = div.classes[2] or "note"
  local title = ""
  local body = {}
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("admonition-title") then
      title = pandoc.write(pandoc.Pandoc(block.content), "typst"):gsub("%s+$", "")
    else
      table.insert(body, block)
    end
  end
  local out = { pandoc.RawBlock("typst", "#admonition(kind: \"" .. kind .. "\", title: [" .. title .. "])[") }
  for _, b in ipairs(body) do table.insert(out, b) end
  table.insert(out, pandoc.RawBlock("typst", "]"))
  return out
end

-- Confinement (ARCHITECTURE.md, "Trust boundary"): an edition's images are files under media/ of its own
-- folder. The sources' checks already refuse anything else; should an image reach pandoc all the same
-- (an absolute path, a file: or web address, a ../ path), pandoc stops here instead of embedding it.
function Image(img)
  local src = img.src
  if not src:match("^media/[%w%._%-/]+$") or src:find("..", 1, true) then
    error("image '" .. src .. "' is not a file under media/: refused")
  end
  return nil
end

-- Links go to https: or mailto: addresses, to an anchor, or to a file beside the edition (no scheme):
-- anything else (javascript:, data:, file:, ...) stops pandoc, as the sources' checks already would.
function Link(link)
  local scheme = link.target:match("^%s*([%a][%w+.-]*):")
  if scheme ~= nil and scheme:lower() ~= "https" and scheme:lower() ~= "mailto" then
    error("link target '" .. link.target:sub(1, 60) .. "' is not an https: or mailto: address: refused")
  end
  return nil
end
