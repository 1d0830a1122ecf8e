/** The store's products: static data, rendered by the server in this order (the page order). */
export interface Product {
  id: string;
  name: string;
  category: string;
  brand: string;
  price: number;
}

export const products: Product[] = [
  {"id":"1004856","name":"Samsung smartphone","category":"electronics.smartphone","brand":"samsung","price":130.76},
  {"id":"2702277","name":"Lg kitchen refrigerators","category":"appliances.kitchen.refrigerators","brand":"lg","price":465.7},
  {"id":"6200315","name":"Elenberg environment air heater","category":"appliances.environment.air_heater","brand":"elenberg","price":33.44},
  {"id":"1307073","name":"Acer notebook","category":"computers.notebook","brand":"acer","price":669},
  {"id":"1004767","name":"Samsung smartphone","category":"electronics.smartphone","brand":"samsung","price":254.82},
  {"id":"3600661","name":"Samsung kitchen washer","category":"appliances.kitchen.washer","brand":"samsung","price":295.49},
  {"id":"3900815","name":"Ariston environment water heater","category":"appliances.environment.water_heater","brand":"ariston","price":133.82},
  {"id":"1307188","name":"Hp notebook","category":"computers.notebook","brand":"hp","price":285.51},
  {"id":"1005115","name":"Apple smartphone","category":"electronics.smartphone","brand":"apple","price":975.57},
  {"id":"3601489","name":"Samsung kitchen washer","category":"appliances.kitchen.washer","brand":"samsung","price":476.18},
  {"id":"3700926","name":"Samsung environment vacuum","category":"appliances.environment.vacuum","brand":"samsung","price":64.08},
  {"id":"1307067","name":"Lenovo notebook","category":"computers.notebook","brand":"lenovo","price":251.74},
  {"id":"1004833","name":"Samsung smartphone","category":"electronics.smartphone","brand":"samsung","price":174.76},
  {"id":"3601485","name":"Lg kitchen washer","category":"appliances.kitchen.washer","brand":"lg","price":308.65},
  {"id":"3701453","name":"Vitek environment vacuum","category":"appliances.environment.vacuum","brand":"vitek","price":117.04},
  {"id":"1307135","name":"Hp notebook","category":"computers.notebook","brand":"hp","price":320.35},
  {"id":"1005105","name":"Apple smartphone","category":"electronics.smartphone","brand":"apple","price":1415.48},
  {"id":"2700618","name":"Indesit kitchen refrigerators","category":"appliances.kitchen.refrigerators","brand":"indesit","price":349.79},
  {"id":"4200541","name":"Elenberg environment air conditioner","category":"appliances.environment.air_conditioner","brand":"elenberg","price":128.68},
  {"id":"1306650","name":"Acer notebook","category":"computers.notebook","brand":"acer","price":437.57},
  {"id":"1004870","name":"Samsung smartphone","category":"electronics.smartphone","brand":"samsung","price":286.86},
  {"id":"3601244","name":"Lg kitchen washer","category":"appliances.kitchen.washer","brand":"lg","price":339.75},
  {"id":"3700717","name":"Karcher environment vacuum","category":"appliances.environment.vacuum","brand":"karcher","price":167.05},
  {"id":"1307336","name":"Asus notebook","category":"computers.notebook","brand":"asus","price":357.26},
];
