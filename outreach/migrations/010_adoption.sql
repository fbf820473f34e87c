-- Adoption levels (采用级别, issue 14 part 2). An activity row may say that its items were adopted by an
-- outlet (采用单位/平台) at a level: central | province | city | county. ``adopted`` is how many of the
-- row's items were adopted at that level: a long log's row (one item) carries its own count; a wide
-- summary's `舆情信息被省级采用（条）` cell becomes a row of that type with count 0 (no extra actions: the
-- items are already counted in the type's own column) and adopted = the cell.
-- The columns live on activity and on activity_superseded alike, so replacing a (unit, month, type) and
-- undoing a batch move them with their rows (refresh.py moves whole rows).
ALTER TABLE activity ADD COLUMN adopt_level VARCHAR;
ALTER TABLE activity ADD COLUMN adopt_outlet VARCHAR;
ALTER TABLE activity ADD COLUMN adopted INTEGER;
ALTER TABLE activity_superseded ADD COLUMN adopt_level VARCHAR;
ALTER TABLE activity_superseded ADD COLUMN adopt_outlet VARCHAR;
ALTER TABLE activity_superseded ADD COLUMN adopted INTEGER;
