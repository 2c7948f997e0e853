package ingest

import (
	"math"
	"strconv"
	"strings"

	"github.com/muktihari/fit/profile/typedef"
)

// fitDevice names a device from file_id: "garmin fr945", "wahoo_fitness 31",
// "development Watch3,4". product_name, when the file has one, is used as the
// product. It returns "" when the file names neither.
func fitDevice(manuf typedef.Manufacturer, product uint16, productName string) string {
	var m string
	if manuf != typedef.ManufacturerInvalid {
		m = manuf.String()
		if !profileName(m) {
			m = strconv.Itoa(int(manuf))
		}
	}
	p := productName
	if p == "" && product != math.MaxUint16 {
		p = strconv.Itoa(int(product))
		switch manuf {
		case typedef.ManufacturerGarmin, typedef.ManufacturerDynastream,
			typedef.ManufacturerDynastreamOem, typedef.ManufacturerTacx:
			if name := typedef.GarminProduct(product).String(); profileName(name) {
				p = name
			}
		}
	}
	switch {
	case m == "":
		return p
	case p == "":
		return m
	}
	return m + " " + p
}

// profileName reports whether s is a name from the FIT profile rather than
// the "XxxInvalid(n)" the profile types give for values they do not know.
func profileName(s string) bool { return !strings.Contains(s, "Invalid(") }
