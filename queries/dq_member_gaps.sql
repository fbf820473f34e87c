-- Data quality: members on the roster (status active) without a phone number or a 微信名, per unit.
-- Only units with at least one gap are listed.
SELECT
    unit,
    coalesce(any_value(county), '') AS county,
    count(*) AS members,
    count(*) FILTER (WHERE phone IS NULL) AS no_phone,
    count(*) FILTER (WHERE wechat IS NULL) AS no_wechat
FROM members
WHERE
    status = 'active'
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY unit
HAVING count(*) FILTER (WHERE phone IS NULL) > 0 OR count(*) FILTER (WHERE wechat IS NULL) > 0
ORDER BY no_phone + no_wechat DESC, unit ASC
